/**
 * Who may run an inference now: detector slots shared by API requests (queued, bounded) and camera frames
 * (never queued), and the per-access-key request rate.
 */
package io.facegate.admission;
