"""The Time Bank's pages, by who uses them. Every page works without JavaScript."""
