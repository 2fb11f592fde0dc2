package org.remotestore;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** An immutable set of {@link Capability capabilities}. */
public final class Capabilities {
  private final Set<Capability> set;

  private Capabilities(Set<Capability> set) {
    this.set = Collections.unmodifiableSet(set);
  }

  /** Capabilities made of the given values. */
  public static Capabilities of(Capability... capabilities) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    Collections.addAll(set, capabilities);
    return new Capabilities(set);
  }

  /** Every capability. */
  public static Capabilities all() {
    return new Capabilities(EnumSet.allOf(Capability.class));
  }

  /** Whether {@code capability} is present. */
  public boolean supports(Capability capability) {
    return set.contains(capability);
  }

  /** These capabilities without the given ones. */
  public Capabilities without(Capability... capabilities) {
    EnumSet<Capability> copy =
        set.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(set);
    for (Capability c : capabilities) {
      copy.remove(c);
    }
    return new Capabilities(copy);
  }

  /** The capabilities as an unmodifiable set. */
  public Set<Capability> asSet() {
    return set;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capabilities other && other.set.equals(set);
  }

  @Override
  public int hashCode() {
    return set.hashCode();
  }

  @Override
  public String toString() {
    return set.toString();
  }
}
