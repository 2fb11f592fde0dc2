package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.time.Instant;

/**
 * Where and when an emitted line was fetched: the metadata the SQL connector exposes as metadata
 * columns.
 *
 * @param file the feed path of the file, for example {@code ber/ogd-smn_ber_t_now.csv}
 * @param etag the HTTP ETag of the version read, or {@code null}
 * @param lastModified the Last-Modified of the version read, or {@code null}
 * @param fetchTime when the reader received the answer
 */
public record FetchMetadata(String file, String etag, Instant lastModified, Instant fetchTime)
    implements Serializable {}
