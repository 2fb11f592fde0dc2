package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers of 17 to 19 digits (values written from a double, such as {@code -12.299999999999955})
 * are turned into the same double as {@link Double#parseDouble} gives, without it: random digits,
 * exact ties between two doubles (rounded to even), the 2<sup>53</sup> boundary and the largest
 * 19-digit integer.
 */
class LongDecimalsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-12.299999999999955",
        "-499.90000000000003",
        "1234.5000000000002",
        "9007199254740993",
        "9007199254740995",
        "9007199254740992.5",
        "9007199254740993.5",
        "18014398509481985",
        "4503599627370496.25",
        "4503599627370496.75",
        "9999999999999999999",
        "1844674407370955161",
        "0.0000000000000000001",
        "0.1000000000000000055",
        "0.30000000000000004",
        "2.2250738585072014",
        "1.7976931348623157",
        "-0.0000000000000000000",
        "00000000000000000001"
      })
  void longNumbersAreTheDoublesOfParseDouble(String text) {
    double parsed = Decimals.parse(text, 0, text.length());
    assertThat(Double.doubleToRawLongBits(parsed))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Test
  void randomDigitsWithAPointAnywhereMatchParseDouble() {
    SplittableRandom random = new SplittableRandom(15);
    for (int n = 0; n < 300_000; n++) {
      int digits = random.nextInt(1, 20);
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
      for (int i = 0; i < digits; i++) {
        text.append((char) ('0' + random.nextInt(10)));
      }
      int point = text.length() - random.nextInt(0, digits);
      if (point < text.length()) {
        text.insert(point, '.');
      }
      String s = text.toString();
      assertThat(Decimals.parse(s, 0, s.length())).as(s).isEqualTo(Double.parseDouble(s));
    }
  }

  @Test
  void everyWordAndScaleMatchesParseDouble() {
    SplittableRandom random = new SplittableRandom(16);
    for (int n = 0; n < 300_000; n++) {
      long w = random.nextLong() >>> random.nextInt(64);
      int decimals = random.nextInt(0, LongDecimals.MAX_DECIMALS + 1);
      String text = new BigDecimal(new BigInteger(Long.toUnsignedString(w)), decimals).toString();
      double fast = LongDecimals.toDouble(w, decimals);
      assertThat(fast).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  /** m / 2^s with m odd and 54 bits: exactly halfway between two doubles, rounded to even. */
  @Test
  void exactTiesRoundToEven() {
    SplittableRandom random = new SplittableRandom(17);
    int checked = 0;
    for (int n = 0; n < 100_000; n++) {
      int s = random.nextInt(1, 4);
      long m = (1L << 53) | random.nextLong(1L << 53) | 1;
      BigInteger w = BigInteger.valueOf(m).multiply(BigInteger.valueOf(5).pow(s));
      if (w.toString().length() > 19) {
        continue;
      }
      String text = new BigDecimal(w, s).toPlainString();
      double expected = Double.parseDouble(text);
      assertThat(LongDecimals.toDouble(w.longValue(), s)).as(text).isEqualTo(expected);
      assertThat(Decimals.parse(text, 0, text.length())).as(text).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(10_000);
  }
}
