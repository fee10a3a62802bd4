"""PDF reports: fonts, styles, acceptance, notice, survey."""
