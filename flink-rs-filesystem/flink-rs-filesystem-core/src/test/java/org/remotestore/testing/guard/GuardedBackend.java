package org.remotestore.testing.guard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;
import org.remotestore.spi.ResumableWrites;

/**
 * Wraps a backend so that every call that reaches it (and its resumable writes and their uploads)
 * checks that an observing store decorator is on the caller's stack, which proves the call came
 * through the {@link Store} and its decorators; calls that did not are recorded in {@link
 * #VIOLATIONS}.
 */
public final class GuardedBackend implements InvocationHandler {
  /** Calls that reached a guarded backend without an observing decorator on the stack. */
  public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  /** Calls checked so far, on every guarded backend. */
  public static final AtomicLong CALLS = new AtomicLong();

  private static final String DECORATOR_PACKAGE = "org.remotestore.ext.observe.";

  /** Describing methods, which touch no data. */
  private static final Set<String> UNCHECKED =
      Set.of(
          "name",
          "type",
          "capabilities",
          "isObjectStore",
          "close",
          "resumableWrites",
          "requiresCleanup",
          "position",
          "toString",
          "hashCode",
          "equals");

  private final Object delegate;

  private GuardedBackend(Object delegate) {
    this.delegate = delegate;
  }

  /** {@code backend} behind the guard, with its positioned reads when it has them. */
  static Backend wrap(Backend backend) {
    if (backend instanceof PositionedReadSupport) {
      return (Backend)
          Proxy.newProxyInstance(
              GuardedBackend.class.getClassLoader(),
              new Class<?>[] {Backend.class, PositionedReadSupport.class},
              new GuardedBackend(backend));
    }
    return proxy(Backend.class, backend);
  }

  private static <T> T proxy(Class<T> type, T delegate) {
    return type.cast(
        Proxy.newProxyInstance(
            GuardedBackend.class.getClassLoader(),
            new Class<?>[] {type},
            new GuardedBackend(delegate)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (!UNCHECKED.contains(method.getName())) {
      check(method.getDeclaringClass().getSimpleName() + "." + method.getName());
    }
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof ResumableWrites writes
        && method.getReturnType() == ResumableWrites.class) {
      return proxy(ResumableWrites.class, writes);
    }
    if (result instanceof PositionedFile file && method.getReturnType() == PositionedFile.class) {
      return proxy(PositionedFile.class, file); // each range is checked, as each read is
    }
    if (result instanceof ResumableWrites.PendingUpload upload
        && method.getReturnType() == ResumableWrites.PendingUpload.class) {
      return proxy(ResumableWrites.PendingUpload.class, upload);
    }
    return result;
  }

  private static void check(String method) {
    CALLS.incrementAndGet();
    StackTraceElement[] stack = Thread.currentThread().getStackTrace();
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith(DECORATOR_PACKAGE)) {
        return;
      }
    }
    StringBuilder where = new StringBuilder(method);
    for (int i = 2; i < Math.min(stack.length, 16); i++) {
      where.append("\n  at ").append(stack[i]);
    }
    VIOLATIONS.add(where.toString());
  }
}
