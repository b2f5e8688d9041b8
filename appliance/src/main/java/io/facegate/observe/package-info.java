/**
 * Observability the other rooms feed: the Prometheus meters, the detector health probe, the journal log format.
 */
package io.facegate.observe;
