"""The style stage: stylesheets in, one computed style per element out (tinycss2 + cssselect2)."""
