"""The bare Wagtail page of the load suite: a Page with one line of template, the floor
the real pages are measured against. Installed only by bench.settings."""
