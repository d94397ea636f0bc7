"""Where data lives: paths, the interview files, config, import/export formats and the cache."""
