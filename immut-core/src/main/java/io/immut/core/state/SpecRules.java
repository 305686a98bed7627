package io.immut.core.state;

import io.immut.api.FleetSpec;
import io.immut.api.Persistence;
import io.immut.api.VolumeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules that read the fleet spec alone: volumes and state bindings (user data is {@link UserDataScan}). */
final class SpecRules {

  private SpecRules() {}

  static List<Finding> volumes(FleetSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (VolumeSpec v : spec.generation().volumes()) {
      if (v.root()) {
        continue;
      }
      Optional<Persistence> p = v.declaredPersistence();
      if (p.isEmpty()) {
        out.add(Finding.of(Rules.VOLUME_PERSISTENCE_UNDECLARED, Severity.BLOCKER, SubjectKind.VOLUME, v.name(),
            "volume '" + v.name() + "' (" + v.sizeGb() + " GiB) does not declare its persistence: a replacement deletes it"
                + " with its instance, and whatever it holds with it",
            "declare persistence: EPHEMERAL if it holds scratch data only, EXTERNAL with a location if its data lives"
                + " elsewhere (nfs://…, a volume id that outlives the instance), and move any data that lives only there"));
      } else if (p.get() == Persistence.LOCAL) {
        out.add(Finding.of(Rules.VOLUME_LOCAL_DATA, Severity.BLOCKER, SubjectKind.VOLUME, v.name(),
            "volume '" + v.name() + "' is declared LOCAL: its data lives only on the instance and is lost on every replacement",
            "move the data out of the instance (a managed database, a network file share, a volume that outlives the"
                + " instance, then declare it EXTERNAL with its location), or acknowledge the loss in the state policy"));
      } else if (p.get() == Persistence.EXTERNAL && v.location() == null) {
        out.add(Finding.of(Rules.VOLUME_EXTERNAL_LOCATION_MISSING, Severity.BLOCKER, SubjectKind.VOLUME, v.name(),
            "volume '" + v.name() + "' is declared EXTERNAL but does not say where its data lives, so nothing shows"
                + " that it outlives the instance",
            "give the volume a location: a network share (nfs://files.internal/exports/web), a storage URI, or the id of"
                + " a volume that outlives the instance"));
      }
    }
    return out;
  }

  static List<Finding> externalLocations(FleetSpec spec, boolean probe, Duration timeout, boolean loopback) {
    List<Finding> out = new ArrayList<>();
    for (VolumeSpec v : spec.generation().volumes()) {
      if (v.persistence() != Persistence.EXTERNAL || v.location() == null || !v.location().contains(":")) {
        continue;
      }
      StoreUri.Parsed parsed = StoreUri.parse(v.location());
      if (!parsed.ok()) {
        if (v.location().contains("://")) {
          out.add(Finding.of(Rules.VOLUME_EXTERNAL_LOCATION_MALFORMED, Severity.BLOCKER, SubjectKind.VOLUME, v.name(),
              "the location of volume '" + v.name() + "' (" + redact(v.location()) + ") " + parsed.problem().what(),
              "write the location as a URI" + example(parsed.problem()) + ", or the id of a volume that outlives the instance"));
        }
        continue;
      }
      StoreUri uri = parsed.uri();
      if (uri.onInstance()) {
        out.add(Finding.of(Rules.VOLUME_EXTERNAL_LOCATION_ON_INSTANCE, Severity.WARNING, SubjectKind.VOLUME, v.name(),
            "volume '" + v.name() + "' is declared EXTERNAL, but its location " + uri.display() + " is on the instance itself",
            "give the location of the network share or store the data really lives in (nfs://files.internal/exports/web)"));
      }
      if (probe && (loopback || !uri.onInstance())) {
        uri.probeKind().ifPresent(kind -> {
          Probe.Result r = Probe.probe(uri.host(), uri.port(), kind, timeout);
          if (!r.reachable()) {
            out.add(Finding.of(Rules.VOLUME_EXTERNAL_LOCATION_UNREACHABLE, Severity.BLOCKER, SubjectKind.VOLUME, v.name(),
                "the location of volume '" + v.name() + "', " + uri.display() + ", is not reachable: " + r.detail(),
                "check that the share runs and that this network reaches " + uri.host() + ":" + uri.port()
                    + " (security groups, firewall, DNS)"));
          }
        });
      }
    }
    return out;
  }

  static List<Finding> bindings(FleetSpec spec, boolean probe, Duration timeout, boolean loopback) {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(spec.state().bindings()).entrySet()) {
      String name = e.getKey();
      StoreUri.Parsed parsed = StoreUri.parse(e.getValue());
      if (!parsed.ok()) {
        out.add(Finding.of(Rules.BINDING_MALFORMED, Severity.BLOCKER, SubjectKind.BINDING, name,
            "state binding '" + name + "' (" + redact(e.getValue()) + ") " + parsed.problem().what()
                + ": the new generation could not find its state",
            "write the binding as a URI" + example(parsed.problem()) + "; known schemes: " + StoreScheme.known()));
        continue;
      }
      StoreUri uri = parsed.uri();
      if (uri.onInstance()) {
        out.add(Finding.of(Rules.BINDING_ON_INSTANCE, Severity.WARNING, SubjectKind.BINDING, name,
            "state binding '" + name + "' points at " + uri.display() + ", on the instance itself: that state dies with"
                + " the instance unless it is only a local proxy to a shared store",
            "bind the shared store's own address (redis://cache.internal:6379); if this is a local proxy or sidecar"
                + " to a shared store, acknowledge this finding"));
      }
      if (!probe || uri.onInstance() && !loopback) {
        continue;
      }
      Optional<Probe.Kind> kind = uri.probeKind();
      if (kind.isEmpty()) {
        out.add(Finding.of(Rules.BINDING_NOT_PROBED, Severity.INFO, SubjectKind.BINDING, name,
            "state binding '" + name + "' (" + uri.display() + ") cannot be probed from here (no host and port to connect to)",
            "nothing to do; check access to it with the application's own credentials"));
        continue;
      }
      Probe.Result r = Probe.probe(uri.host(), uri.port(), kind.get(), timeout);
      if (r.reachable()) {
        out.add(Finding.of(Rules.BINDING_REACHABLE, Severity.INFO, SubjectKind.BINDING, name,
            "state binding '" + name + "' (" + uri.display() + ") is reachable: " + r.detail(), "nothing to do"));
      } else {
        out.add(Finding.of(Rules.BINDING_UNREACHABLE, Severity.BLOCKER, SubjectKind.BINDING, name,
            "state binding '" + name + "' (" + uri.display() + ") is not reachable: " + r.detail()
                + "; a generation that cannot reach its " + name + " store must not take over",
            "start the store or fix the binding, and check that this network reaches " + uri.host() + ":" + uri.port()
                + " (security groups, firewall, DNS)"));
      }
    }
    return out;
  }

  private static String example(StoreUri.Problem problem) {
    return problem.example() == null ? " such as redis://cache.internal:6379/0" : " such as " + problem.example();
  }

  /** The text with any user info (a password) replaced by {@code ***} and without query or fragment. */
  static String redact(String text) {
    String s = text.strip();
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    int start = s.indexOf("://");
    if (start >= 0) {
      int slash = s.indexOf('/', start + 3);
      int end = slash < 0 ? s.length() : slash;
      int at = s.lastIndexOf('@', end - 1);
      if (at > start) {
        s = s.substring(0, start + 3) + "***" + s.substring(at);
      }
    } else if (s.contains("@")) {
      s = "***" + s.substring(s.lastIndexOf('@'));
    }
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
