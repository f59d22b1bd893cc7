package org.ckansync.cli;

public final class CkanSyncCli {
    public static void main(String[] args) {
    }
}
