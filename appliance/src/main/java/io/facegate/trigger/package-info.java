/**
 * Rules that turn camera detections into output changes, the cameras' and lines' owner, and the event stream
 * ({@code GET /events}).
 */
package io.facegate.trigger;
