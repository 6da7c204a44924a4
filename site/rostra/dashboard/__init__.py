"""The admin home's figures: this week against last, for the user's own scope.

The core draws the panels (``panels``) and their small charts (``charts``: SVG
made on the server, nothing loaded from elsewhere) and gives the people
figures; each plugin adds its own panels through Wagtail's
``construct_homepage_panels`` hook, with the scope it already applies in its
admin screens. The core names no plugin.
"""
