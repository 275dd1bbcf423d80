module x
retract [v1.0.0 v1.1.0]
