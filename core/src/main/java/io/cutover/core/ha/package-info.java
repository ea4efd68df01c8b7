/** Leadership among controllers that share one store: the lease and how a claim on it is decided (docs/ha.md). */
package io.cutover.core.ha;
