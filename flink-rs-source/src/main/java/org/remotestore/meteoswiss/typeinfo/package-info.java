/**
 * Flink type information and serializers for the MeteoSwiss record types, so that {@link
 * org.remotestore.meteoswiss.MeasurementRow} and {@link org.remotestore.meteoswiss.RejectedRow} are
 * serialized compactly and explicitly (never through Kryo). They are picked up automatically
 * through the {@link org.apache.flink.api.common.typeinfo.TypeInfo} annotation on the record
 * classes.
 */
package org.remotestore.meteoswiss.typeinfo;
