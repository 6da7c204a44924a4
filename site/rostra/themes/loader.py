"""Template loaders that look in the active theme first.

The cached loader keys its cache by theme too, so two sites with different
themes in one process never see each other's templates.
"""

from django.template.loaders import cached, filesystem

from rostra import themes


class ThemeLoader(filesystem.Loader):
    def get_dirs(self):
        return [themes.active().templates_dir]


class CachedLoader(cached.Loader):
    def cache_key(self, template_name, skip=None):
        return f"{themes.active().name}:{super().cache_key(template_name, skip)}"
