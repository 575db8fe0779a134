"""One screen per module: home, the wizard, the catalog browser, the fleet view."""
