/**
 * {@code bin/bench-board}: the board budget of issue 13 measured on the real service, launched as the board launches
 * it (a separate JVM with the packaged options of {@code firmware-config/default}): ready time, RSS with its breakdown
 * (NMT and {@code /proc/PID/smaps}), camera face-onset to output latency through a real ffmpeg MJPEG stream, and the
 * CPU of an idle stream. A benchmark: it prints figures and asserts nothing. Not shipped (tools module).
 */
package io.facegate.bench;
