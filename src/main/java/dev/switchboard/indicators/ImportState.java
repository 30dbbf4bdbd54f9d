package dev.switchboard.indicators;

/** Where an import stands. A FAILED one is run again by a repeat of the same file and date. */
public enum ImportState { RUNNING, DONE, FAILED }
