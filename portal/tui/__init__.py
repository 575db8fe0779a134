"""The Textual face of paved: a home screen, the new-project wizard, the catalog
browser and the fleet view, all over the same core as the CLI.

Textual is imported only here and below, never by `portal.core`, and the CLI imports
this package only inside the commands that open the TUI, so `paved --help` stays fast.
"""
