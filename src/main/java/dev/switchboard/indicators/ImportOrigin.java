package dev.switchboard.indicators;

/** How a file came in. */
public enum ImportOrigin { API, DROP_FOLDER }
