package dev.pipeline.sweep;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders YAML values the way the runner (Python) did, so names and commands come out the same:
 * {@code str()} in commands ({@code True}, {@code 0.1}, {@code 1e-05}), {@code %g} in names, and
 * {@code repr()} for strings inside lists.
 */
final class PyFormat {
  private PyFormat() {}

  /** Python's {@code str(value)}. */
  static String str(Object value) {
    if (value instanceof String s) {
      return s;
    }
    return repr(value);
  }

  /** Python's {@code repr(value)}. */
  static String repr(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof String s) {
      return reprString(s);
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double || value instanceof Float) {
      return floatRepr(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal d) {
      return floatRepr(d.doubleValue());
    }
    if (value instanceof Number) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(repr(v)));
      return "[" + String.join(", ", parts) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      map.forEach((k, v) -> parts.add(repr(k) + ": " + repr(v)));
      return "{" + String.join(", ", parts) + "}";
    }
    return value.toString();
  }

  /** Python's repr of a str: single quotes unless the text holds a single quote and no double. */
  static String reprString(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < ' ' || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest round-trip digits only from JDK 19 (JDK-4511638); on 17
    // 1e23 comes out as 9.999999999999999E22. Jackson's Schubfach writer is shortest on every JDK.
    BigDecimal bd = shortest(d);
    String digits = bd.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = bd.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    return sign + mantissa(digits) + exponentSuffix(exponent);
  }

  /**
   * The shortest decimal that reads back as {@code d}. Schubfach, like Java's spec, keeps two
   * digits where one would do (4.9e-324); Python keeps the one digit when it round-trips (5e-324).
   */
  private static BigDecimal shortest(double d) {
    BigDecimal bd = new BigDecimal(NumberOutput.toString(d, true)).stripTrailingZeros();
    if (bd.precision() == 2) {
      BigDecimal one = bd.round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(one.toString()) == d) {
        return one.stripTrailingZeros();
      }
    }
    return bd;
  }

  /** Python's {@code "%g" % value} for ints and floats (6 significant digits). */
  static String g(Number value) {
    BigDecimal exact;
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      if (Double.isNaN(d)) {
        return "nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "inf" : "-inf";
      }
      if (d == 0) {
        return 1 / d < 0 ? "-0" : "0";
      }
      exact = new BigDecimal(d);
    } else if (value instanceof BigDecimal b) {
      exact = b;
    } else if (value instanceof BigInteger b) {
      exact = new BigDecimal(b);
    } else {
      exact = BigDecimal.valueOf(value.longValue());
    }
    if (exact.signum() == 0) {
      return "0";
    }
    BigDecimal rounded = exact.round(new MathContext(6, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    String sign = rounded.signum() < 0 ? "-" : "";
    BigDecimal stripped = rounded.abs().stripTrailingZeros();
    if (exponent >= -4 && exponent < 6) {
      return sign + stripped.toPlainString();
    }
    return sign + mantissa(stripped.unscaledValue().toString()) + exponentSuffix(exponent);
  }

  private static String mantissa(String digits) {
    return digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
  }

  private static String exponentSuffix(int exponent) {
    String e = Integer.toString(Math.abs(exponent));
    return "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }
}
