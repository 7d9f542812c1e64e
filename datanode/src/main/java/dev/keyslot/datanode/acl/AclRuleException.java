package dev.keyslot.datanode.acl;

/** An ACL rule that cannot be applied. Carries no stack trace: it is an answer to the user, not a bug. */
public final class AclRuleException extends Exception {
    private final RuleProblem problem;

    public AclRuleException(RuleProblem problem) {
        super(problem.message(), null, false, false);
        this.problem = problem;
    }

    public RuleProblem problem() {
        return problem;
    }
}
