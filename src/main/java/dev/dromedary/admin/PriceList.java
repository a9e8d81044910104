package dev.dromedary.admin;

import dev.dromedary.config.DromedaryProperties;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Cost estimates from {@code dromedary.prices} (USD per million tokens, by upstream model name). */
@Component
public class PriceList {

    private final Map<String, DromedaryProperties.Price> prices;

    public PriceList(DromedaryProperties props) {
        this.prices = props.prices();
    }

    /** The exact cost in USD of these tokens; null when the model has no price (unknown is not free). */
    public BigDecimal cost(String model, long input, long output, long cacheRead) {
        DromedaryProperties.Price p = model == null ? null : prices.get(model);
        if (p == null) {
            return null;
        }
        return p.input().multiply(BigDecimal.valueOf(input))
                .add(p.output().multiply(BigDecimal.valueOf(output)))
                .add(p.cacheRead().multiply(BigDecimal.valueOf(cacheRead)))
                .movePointLeft(6);
    }

    /** Rounded to millionths of a dollar, for display; that scale also keeps the JSON number out of E notation. */
    public static BigDecimal usd(BigDecimal exact) {
        return exact == null ? null : exact.setScale(6, RoundingMode.HALF_UP);
    }

    /**
     * Adds up costs of several groups of requests. The sum covers the priced models only; the models that had
     * tokens but no price are listed, so that a partial sum is not taken for the whole.
     */
    public static final class Sum {
        private BigDecimal total;
        private final SortedSet<String> unpriced = new TreeSet<>();

        public void add(String model, BigDecimal cost, long tokens) {
            if (cost != null) {
                total = total == null ? cost : total.add(cost);
            } else if (model != null && tokens > 0) {
                unpriced.add(model);
            }
        }

        /** Null when no group had a priced model. */
        public BigDecimal usd() {
            return PriceList.usd(total);
        }

        public List<String> unpricedModels() {
            return List.copyOf(unpriced);
        }
    }
}
