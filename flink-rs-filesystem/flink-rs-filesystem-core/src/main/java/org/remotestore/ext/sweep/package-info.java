/**
 * The orphan sweeper: lists and, after an age and outside every live checkpoint, removes what
 * crashed writers left in a store (see {@link org.remotestore.ext.sweep.OrphanSweeper} and the
 * backend facet {@link org.remotestore.spi.LeftoverSupport}).
 */
package org.remotestore.ext.sweep;
