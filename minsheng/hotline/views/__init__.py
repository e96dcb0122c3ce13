"""The hotline's pages: dispatcher console, case pages, unit workbench, assessment, settings."""
