package dev.switchboard.indicators;

/** What a running import is doing: waiting for its turn, reading rows into staging, or merging them. */
public enum ImportPhase { QUEUED, RECEIVING, MERGING }
