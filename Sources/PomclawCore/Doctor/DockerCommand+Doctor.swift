extension DockerCommand {
    /// `docker version --format {{.Server.Version}}`: the engine's version; fails when the
    /// daemon cannot be reached.
    public static var engineVersion: DockerCommand {
        DockerCommand(
            .docker, ["version", "--format", "{{.Server.Version}}"],
            nextAction: "Start the Docker engine (`sudo systemctl start docker`) and make sure your user may use it "
                + "(`sudo usermod -aG docker $USER`, then log in again); `docker info` must work.")
    }

    /// `compose version --short`: the Compose release, e.g. `2.29.7` (or `1.29.2` for v1).
    public static var composeVersion: DockerCommand {
        DockerCommand(
            .compose, ["version", "--short"],
            nextAction: "Install the Compose plugin (Debian/Ubuntu: sudo apt-get install docker-compose-plugin).")
    }

    /// `docker info --format {{.DockerRootDir}}`: where the engine keeps images.
    public static var dockerRootDirectory: DockerCommand {
        DockerCommand(
            .docker, ["info", "--format", "{{.DockerRootDir}}"],
            nextAction: "Check that the Docker engine is running (`docker info`).")
    }
}
