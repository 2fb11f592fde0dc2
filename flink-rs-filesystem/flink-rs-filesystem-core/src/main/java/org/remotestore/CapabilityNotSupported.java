package org.remotestore;

/** The backend cannot perform the requested operation; the message names backend and operation. */
public class CapabilityNotSupported extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  private final Capability capability;

  /**
   * Creates the exception.
   *
   * @param backend backend name
   * @param backendType backend type, for example {@code http}
   * @param capability the missing capability
   * @param operation the operation that needed it, for example {@code write}
   * @param path the path concerned, or {@code null}
   */
  public CapabilityNotSupported(
      String backend, String backendType, Capability capability, String operation, String path) {
    super(
        "Backend '"
            + backend
            + "' (type "
            + backendType
            + ") does not support "
            + operation
            + " (capability "
            + capability
            + ")"
            + (path == null ? "" : " for path '" + path + "'"),
        backend,
        path);
    this.capability = capability;
  }

  /** The capability that was missing. */
  public Capability capability() {
    return capability;
  }
}
