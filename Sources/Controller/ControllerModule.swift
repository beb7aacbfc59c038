/// Placeholder until the Controller issue lands.
public enum ControllerModule {}
