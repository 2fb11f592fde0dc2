package org.remotestore.testing.s3;

import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Flink configurations of {@code rs://} stores on the s3 backend, for the Flink suites and for
 * benchmarks: each call creates a fresh bucket on the given server.
 */
public final class S3TestStores {
  private S3TestStores() {}

  /**
   * A configuration with store {@code store} on backend {@code <store>-s3}, a new bucket on {@code
   * server}, plus {@code extraOptions} for the backend.
   */
  public static Configuration s3(
      String store, S3TestEndpoint server, Map<String, String> extraOptions) {
    Configuration conf = new Configuration();
    String backend = store + "-s3";
    String bucket = server.createBucket(store);
    server.flatKeys(backend, bucket).forEach(conf::setString);
    extraOptions.forEach((k, v) -> conf.setString("rs.backends." + backend + "." + k, v));
    conf.setString("rs.stores." + store + ".backend", backend);
    return conf;
  }

  /** The bucket behind {@code store} in a configuration made by {@link #s3}. */
  public static String bucket(Configuration conf, String store) {
    return conf.getString("rs.backends." + store + "-s3.bucket", null);
  }
}
