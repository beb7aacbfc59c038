/// Placeholder until the TaasPlanner issue lands.
public enum TaasPlannerModule {}
