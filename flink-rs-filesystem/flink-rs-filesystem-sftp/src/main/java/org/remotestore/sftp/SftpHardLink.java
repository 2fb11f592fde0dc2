package org.remotestore.sftp;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.helpers.AbstractSftpClientExtension;

/**
 * The {@code hardlink@openssh.com} request: a new name for an existing file, refused when the new
 * name exists. The server makes it with {@code link(2)}, which checks and creates in one step; a
 * plain SFTP rename is checked and then done by some servers (Apache MINA SSHD's among them), so
 * two writers publishing the same name at once could both succeed.
 */
final class SftpHardLink extends AbstractSftpClientExtension {
  static final String NAME = "hardlink@openssh.com";

  private SftpHardLink(SftpClient client) {
    super(NAME, client, (RawSftpClient) client, client.getServerExtensions());
  }

  /** The extension on {@code client}, or {@code null} when the server does not offer it. */
  static SftpHardLink of(SftpClient client) {
    if (!(client instanceof RawSftpClient)) {
      return null;
    }
    SftpHardLink link = new SftpHardLink(client);
    return link.isSupported() ? link : null;
  }

  /** Makes {@code newPath} a second name of the file at {@code existingPath}. */
  void link(String existingPath, String newPath) throws IOException {
    Buffer buffer = getCommandBuffer(existingPath.length() + newPath.length() + Long.SIZE);
    putTarget(buffer, existingPath);
    putTarget(buffer, newPath);
    sendAndCheckExtendedCommandStatus(buffer);
  }
}
