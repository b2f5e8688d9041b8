/**
 * Camera sources (MJPEG over HTTP, a capture command, a drop folder), reconnecting with backoff, and the
 * one-frame slot that hands the newest frame to the pipeline.
 */
package io.facegate.camera;
