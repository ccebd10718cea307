package dev.kanal.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Product + grade + set of conditions (e.g. grade B, cracked glass). The condition set is stored
 * as one canonical string so that the database unique key (product, grade, conditions) treats
 * the same set in any order or spelling of case/whitespace as the same variation.
 */
@Entity
@Table(name = "variation")
public class Variation {

    /** Column width of {@code variation.conditions}. */
    public static final int CONDITIONS_MAX_LENGTH = 512;

    private static final String SEPARATOR = ",";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_id", nullable = false, updatable = false)
    private Product product;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sku_id", nullable = false)
    private Sku sku;

    /** '' when the source does not grade; never null, so the unique key still applies. */
    @Column(nullable = false, length = 32, updatable = false)
    private String grade;

    @Column(nullable = false, length = CONDITIONS_MAX_LENGTH, updatable = false)
    private String conditions;

    protected Variation() {
    }

    public Variation(Product product, Sku sku, String grade, Collection<String> conditions) {
        this.product = Objects.requireNonNull(product, "product");
        this.sku = Objects.requireNonNull(sku, "sku");
        this.grade = grade == null ? "" : grade.trim();
        this.conditions = normalizeConditions(conditions);
    }

    /**
     * The canonical form of a condition set: each condition trimmed and lower-cased, blanks and
     * duplicates dropped, sorted, joined with ','. An empty or null set gives ''. Use it for
     * look-ups too, e.g. {@code findByProductIdAndGradeAndConditions(id, grade, normalizeConditions(set))}.
     *
     * @throws IllegalArgumentException if a condition contains ',' (it would split on read) or
     *     the result does not fit the column
     */
    public static String normalizeConditions(Collection<String> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return "";
        }
        TreeSet<String> canonical = new TreeSet<>();
        for (String condition : conditions) {
            if (condition == null) {
                continue;
            }
            String c = condition.trim().toLowerCase(Locale.ROOT);
            if (c.isEmpty()) {
                continue;
            }
            if (c.contains(SEPARATOR)) {
                throw new IllegalArgumentException("condition must not contain '" + SEPARATOR + "': " + condition);
            }
            canonical.add(c);
        }
        String joined = String.join(SEPARATOR, canonical);
        if (joined.length() > CONDITIONS_MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "conditions exceed " + CONDITIONS_MAX_LENGTH + " characters: " + joined);
        }
        return joined;
    }

    public Long getId() {
        return id;
    }

    public Product getProduct() {
        return product;
    }

    public Sku getSku() {
        return sku;
    }

    public String getGrade() {
        return grade;
    }

    /** The canonical string as stored. */
    public String getConditions() {
        return conditions;
    }

    /** The conditions as a sorted set (empty when none). */
    public SortedSet<String> getConditionSet() {
        if (conditions.isEmpty()) {
            return Collections.emptySortedSet();
        }
        return Collections.unmodifiableSortedSet(
                Arrays.stream(conditions.split(SEPARATOR)).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public String toString() {
        return "Variation[" + grade + " {" + conditions + "}]";
    }
}
