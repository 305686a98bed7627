package io.immut.core.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Probes a state store: a TCP connect with a timeout, then, where it is cheap, the protocol's
 * greeting, so that a port that accepts connections but is not the store is not taken for it.
 * JDK sockets only; nothing is sent beyond the greeting, no credential is ever used.
 */
final class Probe {

  /** How a store is probed. */
  enum Kind {
    /** TCP connect only. */
    TCP,
    /** {@code PING}, expecting {@code +PONG} (or {@code -NOAUTH}: a Redis that wants a password). */
    REDIS,
    /** PostgreSQL's SSLRequest, expecting {@code S} or {@code N}. */
    POSTGRESQL,
    /** The server's handshake packet, protocol 10 (or an error packet: a MySQL that refuses this host). */
    MYSQL,
    /** {@code version}, expecting {@code VERSION …}. */
    MEMCACHED,
    /** Cannot be probed (a bucket, a DNS SRV name). */
    NONE
  }

  /**
   * What a probe found.
   *
   * @param reachable whether the store answered as the store it should be
   * @param detail what happened, for the report
   */
  record Result(boolean reachable, String detail) {}

  private static final int POSTGRES_SSL_REQUEST = 80877103;
  private static final int MAX_LINE = 512;

  private Probe() {}

  static Result probe(String host, int port, Kind kind, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      return switch (kind) {
        case TCP, NONE -> new Result(true, "accepted a TCP connection");
        case REDIS -> redis(in, out);
        case POSTGRESQL -> postgresql(in, out);
        case MYSQL -> mysql(in);
        case MEMCACHED -> memcached(in, out);
      };
    } catch (UnknownHostException e) {
      return new Result(false, "the host name does not resolve");
    } catch (SocketTimeoutException e) {
      return new Result(false, "no answer within " + millis + " ms");
    } catch (ConnectException e) {
      return new Result(false, "the connection was refused");
    } catch (NoRouteToHostException e) {
      return new Result(false, "there is no route to the host");
    } catch (IOException e) {
      return new Result(false, "the connection failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static Result redis(InputStream in, OutputStream out) throws IOException {
    out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String line = readLine(in);
    if (line == null) {
      return new Result(false, "accepted the connection but closed it without answering PING: not a Redis server");
    }
    if (line.startsWith("+PONG")) {
      return new Result(true, "answered PING with +PONG");
    }
    if (line.startsWith("-NOAUTH")) {
      return new Result(true, "answered PING with -NOAUTH: a Redis server that requires a password");
    }
    if (line.startsWith("-DENIED")) {
      return new Result(false, "a Redis server that refuses this client (protected mode): " + printable(line));
    }
    if (line.startsWith("-") || line.startsWith("+")) {
      return new Result(true, "a Redis server, answered PING with " + printable(line));
    }
    return new Result(false, "answered PING with '" + printable(line) + "': not a Redis server");
  }

  private static Result postgresql(InputStream in, OutputStream out) throws IOException {
    byte[] request = {0, 0, 0, 8,
        (byte) (POSTGRES_SSL_REQUEST >>> 24), (byte) (POSTGRES_SSL_REQUEST >>> 16),
        (byte) (POSTGRES_SSL_REQUEST >>> 8), (byte) POSTGRES_SSL_REQUEST};
    out.write(request);
    out.flush();
    int b = in.read();
    return switch (b) {
      case -1 -> new Result(false, "accepted the connection but closed it without answering the SSL request:"
          + " not a PostgreSQL server");
      case 'S' -> new Result(true, "a PostgreSQL server (answered the SSL request with S: TLS available)");
      case 'N' -> new Result(true, "a PostgreSQL server (answered the SSL request with N: no TLS)");
      case 'E' -> new Result(true, "a PostgreSQL server (answered the SSL request with an error message)");
      default -> new Result(false, "answered the SSL request with byte 0x" + Integer.toHexString(b)
          + ": not a PostgreSQL server");
    };
  }

  private static Result mysql(InputStream in) throws IOException {
    byte[] header = in.readNBytes(5);
    if (header.length < 5) {
      return new Result(false, "accepted the connection but sent no handshake: not a MySQL server");
    }
    int first = header[4] & 0xff;
    if (first == 0x0a) {
      return new Result(true, "a MySQL server (handshake protocol 10)");
    }
    if (first == 0xff) {
      return new Result(true, "a MySQL server that answered with an error packet (it may refuse this host)");
    }
    return new Result(false, "sent handshake byte 0x" + Integer.toHexString(first) + ": not a MySQL server");
  }

  private static Result memcached(InputStream in, OutputStream out) throws IOException {
    out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String line = readLine(in);
    if (line == null) {
      return new Result(false, "accepted the connection but closed it without answering 'version': not a memcached server");
    }
    if (line.startsWith("VERSION")) {
      return new Result(true, "answered " + printable(line));
    }
    return new Result(false, "answered 'version' with '" + printable(line) + "': not a memcached server");
  }

  /** Reads up to a line feed; null at end of stream before any byte. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      buf.write(b);
      if (buf.size() >= MAX_LINE) {
        break;
      }
    }
    if (b == -1 && buf.size() == 0) {
      return null;
    }
    return buf.toString(StandardCharsets.UTF_8).stripTrailing();
  }

  private static String printable(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 80 ? t.substring(0, 80) + "…" : t;
  }
}
