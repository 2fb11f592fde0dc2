package org.remotestore.ext.observe;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes {@link OperationCounter}s as MBeans in the platform MBean server, and reads them back
 * by store name. JMX is the channel because it crosses class loaders: in a Flink cluster the {@code
 * rs://} file system lives in its plugin class loader, the sinks in the user code class loader, and
 * only JDK types pass between them.
 *
 * <p>Each registration gets its own object name, {@code org.remotestore:type=StoreOperations,
 * store=<store>,instance=<n>}; {@link #snapshot(String)} sums every instance of a store, so two
 * registries (or two class loaders) using one store name add up instead of hiding each other.
 */
public final class JmxOperationCounters {
  /** The JMX domain of the counters. */
  public static final String DOMAIN = "org.remotestore";

  private static final AtomicLong INSTANCES = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(JmxOperationCounters.class.getName());

  private JmxOperationCounters() {}

  /**
   * Registers {@code counter} under its store name.
   *
   * @return closing it unregisters the MBean (idempotent; never throws)
   */
  public static AutoCloseable register(OperationCounter counter) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name;
    try {
      name =
          new ObjectName(
              DOMAIN
                  + ":type=StoreOperations,store="
                  + ObjectName.quote(counter.getStore())
                  + ",instance="
                  + INSTANCES.incrementAndGet());
      server.registerMBean(counter, name);
    } catch (JMException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Store operation counts of store {0} are not published over JMX: {1}",
          counter.getStore(),
          e.toString());
      return () -> {};
    }
    return () -> {
      try {
        if (server.isRegistered(name)) {
          server.unregisterMBean(name);
        }
      } catch (JMException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "Unregistering {0} failed: {1}", name, e.toString());
      }
    };
  }

  /**
   * The counts of every registered counter of {@code store} in this JVM, summed; all zero when
   * there is none (yet).
   */
  public static Counts snapshot(String store) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long operations = 0;
    long errors = 0;
    long bytesRead = 0;
    long bytesWritten = 0;
    Map<String, long[]> perOperation = new TreeMap<>();
    for (ObjectName name : names(server, store)) {
      try {
        operations += (Long) server.getAttribute(name, "Operations");
        errors += (Long) server.getAttribute(name, "Errors");
        bytesRead += (Long) server.getAttribute(name, "BytesRead");
        bytesWritten += (Long) server.getAttribute(name, "BytesWritten");
        for (String op : (String[]) server.getAttribute(name, "OperationNames")) {
          long[] sums = perOperation.computeIfAbsent(op, k -> new long[2]);
          sums[0] += (Long) invoke(server, name, "operationCount", op);
          sums[1] += (Long) invoke(server, name, "errorCount", op);
        }
      } catch (JMException | RuntimeException e) {
        // Unregistered between the query and the read (its registry closed): not counted.
        LOG.log(System.Logger.Level.DEBUG, "Reading {0} failed: {1}", name, e.toString());
      }
    }
    Map<String, Long> ops = new TreeMap<>();
    Map<String, Long> errs = new TreeMap<>();
    perOperation.forEach(
        (op, sums) -> {
          ops.put(op, sums[0]);
          errs.put(op, sums[1]);
        });
    return new Counts(operations, errors, bytesRead, bytesWritten, ops, errs);
  }

  private static Object invoke(MBeanServer server, ObjectName name, String method, String op)
      throws JMException {
    return server.invoke(name, method, new Object[] {op}, new String[] {String.class.getName()});
  }

  private static Set<ObjectName> names(MBeanServer server, String store) {
    try {
      return server.queryNames(
          new ObjectName(DOMAIN + ":type=StoreOperations,store=" + ObjectName.quote(store) + ",*"),
          null);
    } catch (JMException e) {
      throw new IllegalArgumentException("Store name not usable in JMX: " + store, e);
    }
  }

  /**
   * The counts of one store at one moment.
   *
   * @param operations operations finished, failed or not
   * @param errors failed operations
   * @param bytesRead bytes read through the store
   * @param bytesWritten bytes written through the store
   * @param perOperation finished calls per operation name
   * @param errorsPerOperation failed calls per operation name
   */
  public record Counts(
      long operations,
      long errors,
      long bytesRead,
      long bytesWritten,
      Map<String, Long> perOperation,
      Map<String, Long> errorsPerOperation) {
    /** Copies the maps. */
    public Counts {
      perOperation = Map.copyOf(perOperation);
      errorsPerOperation = Map.copyOf(errorsPerOperation);
    }

    /** Finished calls of {@code operation}, 0 when none. */
    public long operations(String operation) {
      return perOperation.getOrDefault(operation, 0L);
    }

    /** Failed calls of {@code operation}, 0 when none. */
    public long errors(String operation) {
      return errorsPerOperation.getOrDefault(operation, 0L);
    }
  }
}
