/// Placeholder until the Optimizer issue lands.
public enum OptimizerModule {}
