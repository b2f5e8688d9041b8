/**
 * The GPIO lines through Pi4J (or logged with provider none): outputs with their safety logic (pulse, hold,
 * cool-down, max-on, shutdown level) and inputs that trigger detection.
 */
package io.facegate.gpio;
