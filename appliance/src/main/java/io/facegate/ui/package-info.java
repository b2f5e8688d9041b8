/**
 * The status page at {@code GET /}: static files from the jar (plain JavaScript, no build step, nothing from a CDN)
 * over the existing {@code /status} and {@code /events} and two of its own, {@code /ui/frames} (each camera's last
 * examined frame: its face boxes) and {@code /ui/preview/<camera>} (that frame downscaled, only with
 * {@code ui.preview: true}); and the browser sessions that let a browser in when SigV4 is on.
 */
package io.facegate.ui;
