package org.remotestore.ext;

import org.remotestore.Store;

/** A pass-through decorator that offers no facet, so batch operations take their plain path. */
public final class ForwardingStoreWithoutFacets extends ForwardingStore {
  /** Wraps {@code delegate}. */
  public ForwardingStoreWithoutFacets(Store delegate) {
    super(delegate);
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new ForwardingStoreWithoutFacets(childOfDelegate);
  }
}
