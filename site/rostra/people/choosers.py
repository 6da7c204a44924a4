"""Person and saved-segment choosers narrowed like the lists (a candidate's
team must not pick, or even see, someone outside their territory)."""

from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)

from rostra.people.permissions import scoped_people, scoped_segments


def _scoped_choosers(scope):
    """A chooser viewset class whose views only offer ``scope(user, queryset)``."""

    class Scoped:
        def get_object_list(self):
            return scope(self.request.user, super().get_object_list())

    class Choose(Scoped, ChooseView):
        pass

    class Results(Scoped, ChooseResultsView):
        pass

    class Chosen(SnippetChosenView):
        def get_object(self, pk):
            return scope(self.request.user, self.model_class.objects.all()).get(pk=pk)

    class ViewSet(SnippetChooserViewSet):
        choose_view_class = Choose
        choose_results_view_class = Results
        chosen_view_class = Chosen

    return ViewSet


PersonChooserViewSet = _scoped_choosers(scoped_people)
SegmentChooserViewSet = _scoped_choosers(scoped_segments)
