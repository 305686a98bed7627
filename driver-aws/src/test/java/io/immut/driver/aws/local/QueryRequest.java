package io.immut.driver.aws.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One AWS Query-protocol request: the form-encoded parameters of a POST, with the list and
 * structure conventions of EC2 ({@code InstanceId.1}, {@code Filter.1.Value.2}) and of ELBv2
 * ({@code Targets.member.1.Id}).
 */
record QueryRequest(Map<String, String> params) {
  /** The most values EC2 accepts in one filter. */
  static final int MAX_FILTER_VALUES = 200;

  static QueryRequest parse(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (!body.isEmpty()) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(k, v);
      }
    }
    return new QueryRequest(Collections.unmodifiableMap(params));
  }

  String action() {
    return params.getOrDefault("Action", "");
  }

  String get(String key) {
    return params.get(key);
  }

  /** The values of an EC2 list: {@code prefix.1}, {@code prefix.2}, … in order. */
  List<String> list(String prefix) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(prefix + ".")) {
        String rest = k.substring(prefix.length() + 1);
        if (rest.matches("\\d+")) {
          byIndex.put(Integer.parseInt(rest), e.getValue());
        }
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  /** The structures of a list, each as its own parameters without the prefix: {@code Filter.1.Name} → {@code Name}. */
  List<QueryRequest> structs(String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(prefix + ".")) {
        String rest = k.substring(prefix.length() + 1);
        int dot = rest.indexOf('.');
        if (dot > 0 && rest.substring(0, dot).matches("\\d+")) {
          byIndex.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), i -> new LinkedHashMap<>())
              .put(rest.substring(dot + 1), e.getValue());
        }
      }
    }
    List<QueryRequest> out = new ArrayList<>();
    byIndex.values().forEach(m -> out.add(new QueryRequest(m)));
    return out;
  }

  /** EC2 filters: name to values. */
  Map<String, List<String>> filters() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (QueryRequest f : structs("Filter")) {
      List<String> values = f.list("Value");
      if (values.size() > MAX_FILTER_VALUES) {
        throw QueryError.badRequest("FilterLimitExceeded", "The maximum number of filter values specified on a single"
            + " call is " + MAX_FILTER_VALUES);
      }
      out.put(f.get("Name"), values);
    }
    return out;
  }
}
