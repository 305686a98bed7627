package io.immut.core.state;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scans user data line by line with the user data rules. */
final class UserDataScan {

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]+");
  private static final int MAX_SHOWN = 80;

  private UserDataScan() {}

  static List<Finding> scan(String userData, List<SmellRule> rules) {
    if (userData == null || userData.isBlank()) {
      return List.of();
    }
    String text = decodeIfBase64(userData);
    List<Finding> findings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\\r?\\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int number = i + 1;
      for (SmellRule rule : rules) {
        Matcher m = rule.pattern().matcher(line);
        if (m.find() && seen.add(rule.id() + ":" + number)) {
          findings.add(Finding.of(rule.id(), rule.severity(), SubjectKind.USER_DATA, "userData:" + number,
              "user data line " + number + " (" + shown(m.group()) + ") " + rule.message(), rule.remediation()));
        }
      }
    }
    return findings;
  }

  /** User data is often given base64-encoded (EC2's form); scan the text inside when it is text. */
  static String decodeIfBase64(String userData) {
    String s = userData.strip();
    if (s.length() < 8 || s.length() % 4 != 0 && !s.contains("\n") || !BASE64.matcher(s).matches()) {
      return userData;
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(s);
      String decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      boolean text = decoded.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
      return text && decoded.contains("\n") ? decoded : userData;
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return userData;
    }
  }

  private static String shown(String match) {
    String s = match.strip().replaceAll("\\s+", " ");
    return "'" + (s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s) + "'";
  }
}
