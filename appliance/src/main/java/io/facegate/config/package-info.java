/**
 * The configuration: every key declared once ({@link io.facegate.config.Keys}), read into a typed record tree
 * and validated at start-up, every problem at once. Pure data: no file but the configuration itself is read here.
 */
package io.facegate.config;
