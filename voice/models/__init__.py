"""Speech models: which are supported, where they are installed, and whether they are whole."""
