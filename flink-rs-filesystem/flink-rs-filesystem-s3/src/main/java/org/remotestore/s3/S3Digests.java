package org.remotestore.s3;

import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The content digest an S3 object's metadata reveals without a download, for {@link
 * org.remotestore.FileInfo#checksum()}.
 *
 * <p>An ETag is the MD5 of the content only for an object uploaded in one PUT (a multipart ETag
 * ends in {@code -<parts>}) and stored unencrypted or with SSE-S3 (with SSE-KMS or SSE-C it is
 * not). Anything else gives no digest, never a wrong one.
 */
final class S3Digests {
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private S3Digests() {}

  /** {@code md5:<hex>} when the HEAD answer's ETag is the content's MD5, otherwise {@code null}. */
  static String checksumOf(HeadObjectResponse head) {
    String etag = S3Backend.unquote(head.eTag());
    if (etag == null || !MD5_HEX.matcher(etag).matches()) {
      return null; // missing, or a multipart ETag ("<md5 of md5s>-<parts>")
    }
    if (head.sseCustomerAlgorithm() != null) {
      return null;
    }
    ServerSideEncryption sse = head.serverSideEncryption();
    if (sse != null && sse != ServerSideEncryption.AES256) {
      return null; // SSE-KMS / DSSE-KMS ETags are not MD5s of the content
    }
    return "md5:" + etag.toLowerCase(Locale.ROOT);
  }
}
