package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void aMissingPageOrSizeIsTheFirstPageOfTheDefaultSize() {
        assertThat(Paging.page(null)).isZero();
        assertThat(Paging.size(null, 200, 50)).isEqualTo(50);
        assertThat(Paging.page(7)).isEqualTo(7);
        assertThat(Paging.size(200, 200, 50)).isEqualTo(200);
    }

    @Test
    void outOfRangeIsAValidationProblemNamingTheParameter() {
        assertThatThrownBy(() -> Paging.page(-1)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().errors()).containsExactly(
                        new Problem.FieldError("page", "must be between 0 and 1000000")));
        assertThatThrownBy(() -> Paging.page(Paging.MAX_PAGE + 1)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Paging.size(0, 200, 50)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().errors()).containsExactly(
                        new Problem.FieldError("size", "must be between 1 and 200")));
        assertThatThrownBy(() -> Paging.size(201, 200, 50)).isInstanceOf(ProblemException.class);
    }
}
