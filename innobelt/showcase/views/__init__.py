"""Pages of the exhibition zone (they only translate: look up, call the domain, render)."""
