package org.remotestore.meteoswiss.source;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checkpointed state of the split enumerator.
 *
 * @param knownSplitIds ids of every split ever created (assigned or not), so re-discovery does not
 *     create a station's split twice
 * @param unassigned splits created or returned but not yet assigned to a reader
 * @param discoveryDone whether the initial discovery succeeded (bounded mode then ends once every
 *     split is assigned)
 */
public record EnumeratorState(
    Set<String> knownSplitIds, List<FeedSplit> unassigned, boolean discoveryDone) {
  /** Copies the collections. */
  public EnumeratorState {
    knownSplitIds = java.util.Collections.unmodifiableSet(new TreeSet<>(knownSplitIds));
    unassigned = List.copyOf(unassigned);
  }

  /** The state of a fresh source. */
  public static EnumeratorState initial() {
    return new EnumeratorState(Set.of(), List.of(), false);
  }
}
