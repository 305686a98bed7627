package io.immut.core.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback TCP server for probe tests: each connection is answered by a handler, on a daemon thread. */
final class FakeServer implements AutoCloseable {

  /** What the server does with one accepted connection. */
  interface Handler {
    void handle(Socket socket) throws IOException;
  }

  private final ServerSocket server;
  private final Thread thread;

  FakeServer(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          handler.handle(s);
        } catch (IOException e) {
          // the server was closed, or the client went away: next connection
        }
      }
    }, "fake-server-" + server.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Accepts and closes at once. */
  static Handler closes() {
    return s -> { };
  }

  /** Reads one line, then answers with the given text. */
  static Handler answersLine(String answer) {
    return s -> {
      readLine(s.getInputStream());
      s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    };
  }

  /** Reads {@code n} bytes, then answers with the given bytes. */
  static Handler answersBytes(int n, byte... answer) {
    return s -> {
      s.getInputStream().readNBytes(n);
      OutputStream out = s.getOutputStream();
      out.write(answer);
      out.flush();
    };
  }

  /** Sends the given bytes at once, as a server that speaks first does. */
  static Handler greets(byte... greeting) {
    return s -> {
      s.getOutputStream().write(greeting);
      s.getOutputStream().flush();
      s.getInputStream().read();
    };
  }

  /** Accepts and then says nothing until the client gives up. */
  static Handler silent() {
    return s -> s.getInputStream().readAllBytes();
  }

  private static void readLine(InputStream in) throws IOException {
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      // skip
    }
  }

  /** A port on loopback that nothing listens on (bound, then released). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
