package dev.retinaface.model.registry;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pretrained weights this project knows by name. Sizes and SHA-256 sums of the five files the project's
 * reference data was made with are those of {@code ../shared/weights/SHA256SUMS}, and their
 * {@link dev.retinaface.model.checkpoint.TensorDigest tensor digests} were computed from those files (a test
 * checks both). A download whose bytes differ is accepted only when its tensors are identical; otherwise it is
 * refused, whatever its origin.
 *
 * <p>Where each URL comes from, and why it is believed to serve the same bytes, is written next to it. The
 * originals of the first three files are on the authors' Google Drive and Baidu Pan (no direct links); Google
 * Drive's direct-download endpoint is listed as the last resort because it sometimes answers with a web page
 * (refused: {@link WeightsDownloader} checks the size and the content type).
 */
public enum KnownWeights {

    /**
     * RetinaFace MobileNet-0.25, biubug6/Pytorch_Retinaface (MIT), anchors 16..512, trained at 640 px.
     *
     * <p>Sources, in order: the widely used public re-hosts, then the original. The re-hosts are xinntao/facexlib
     * release v0.1.0 {@code detection_mobilenet0.25_Final.pth}, elliottzheng/face-detection release 0.0.1
     * {@code mobilenet0.25_Final.pth} and clibdev/Pytorch_Retinaface's latest release
     * {@code retinaface-mobilenet-0.25.pth} (URLs as used by many public download scripts and, for clibdev, its
     * README). Public manifests (the AUR python-facexlib PKGBUILD, clibdev's README, download scripts pinning the
     * elliottzheng asset) give all three SHA-256 {@code 2979b33ffafda5d74b6948cd7a5b9a7a62f62b949cef24e95fd15d2883a65220}
     * and 1,789,735 bytes: the size of the file here but other bytes. A legacy {@code torch.save} names storages
     * by memory address, so a re-save of the same tensors has the same size and other bytes; that is the likely
     * cause, but it could not be checked offline. They are therefore accepted only through the tensor digest: a
     * copy whose tensors differ is refused. sczhou/CodeFormer release v0.1.0 re-hosts a file of the same name and
     * size (its SHA-256 was not seen). The Google Drive file id {@code 15zP8BP-5IvWXWZoYTNdvUJUiBqZ1hxu1} (the
     * original, from that repository's {@code weights/download_all_pretrain.sh}) comes last: Drive often answers
     * with a web page. The copy committed in foamliu/MobileFaceNet-PyTorch is not listed (its path was not
     * confirmed).
     */
    MOBILENET0_25("mobilenet0.25", "mobilenet0.25_Final.pth", 1_789_735L,
            "38ec7bb3c9cbfe2f40edabc05fab970a6d648747cbc534092be85d5eb9b37ed0",
            "99a576b9c298bc913865087e1fb289cf90af6a5e712dba2593ce6e3c9f7df1a1",
            "RetinaFace MobileNet-0.25 (biubug6/Pytorch_Retinaface), the reference detector",
            URI.create("https://github.com/xinntao/facexlib/releases/download/v0.1.0/detection_mobilenet0.25_Final.pth"),
            URI.create("https://github.com/elliottzheng/face-detection/releases/download/0.0.1/mobilenet0.25_Final.pth"),
            URI.create("https://github.com/clibdev/Pytorch_Retinaface/releases/latest/download/retinaface-mobilenet-0.25.pth"),
            URI.create("https://github.com/sczhou/CodeFormer/releases/download/v0.1.0/detection_mobilenet0.25_Final.pth"),
            googleDrive("15zP8BP-5IvWXWZoYTNdvUJUiBqZ1hxu1")),

    /**
     * ImageNet-pretrained MobileNetV1 x0.25 backbone, biubug6/Pytorch_Retinaface (MIT): the start point for
     * training. Only known public copy: the authors' Google Drive, id {@code 1q36RaTZnpHVl4vRuNypoEMVWiiwCqhuD}
     * (from that repository's {@code weights/download_all_pretrain.sh}; the same id appears in other projects'
     * gdown scripts). No re-host with a published checksum was found.
     */
    MOBILENET0_25_BACKBONE("mobilenet0.25-imagenet", "mobilenetV1X0.25_pretrain.tar", 3_827_150L,
            "75c37f8d438b7c6aed2e6b310fd0540c40dabf0dd820770bd7082668dfd7c1c1",
            "22e00735a533c973aa3efcd31c86748a3e1d96c76c4e37352feea78ef97c0a3c",
            "ImageNet MobileNetV1 x0.25 backbone (training start point)",
            googleDrive("1q36RaTZnpHVl4vRuNypoEMVWiiwCqhuD")),

    /**
     * RetinaFace ResNet-50, biubug6/Pytorch_Retinaface (MIT). Not in {@code ../shared}: size and SHA-256 are those
     * that many independent projects record for the re-host in xinntao/facexlib release v0.1.0
     * ({@code detection_Resnet50_Final.pth}): 109,497,761 bytes,
     * {@code 6d1de9c2944f2ccddca5f5e010ea5ae64a39845a86311af6fdf30841b0a5a16d} (AUR python-facexlib PKGBUILD,
     * several download scripts that verify it; facexlib loads it with the {@code module.} key prefix the original
     * training script writes). clibdev/Pytorch_Retinaface publishes the same SHA-256 for its release asset
     * {@code retinaface-resnet-50.pth}. Google Drive id {@code 14KX6VqF69MdSPk3Tr9PlDYbq7ArpdNUW} is the original
     * (from {@code download_all_pretrain.sh}); whether it serves the same bytes is not known, so it comes last.
     * No tensor digest: the file is not in {@code ../shared}, so only its exact bytes are accepted.
     */
    RESNET50("resnet50", "Resnet50_Final.pth", 109_497_761L,
            "6d1de9c2944f2ccddca5f5e010ea5ae64a39845a86311af6fdf30841b0a5a16d", null,
            "RetinaFace ResNet-50 (biubug6/Pytorch_Retinaface)",
            URI.create("https://github.com/xinntao/facexlib/releases/download/v0.1.0/detection_Resnet50_Final.pth"),
            URI.create("https://github.com/clibdev/Pytorch_Retinaface/releases/latest/download/retinaface-resnet-50.pth"),
            googleDrive("14KX6VqF69MdSPk3Tr9PlDYbq7ArpdNUW")),

    /**
     * Face-Detector-1MB MobileNet-0.25 (anchors {10,20},{32,64},{128,256}), trained at 300-320 px. The file is
     * committed in biubug6/Face-Detector-1MB-with-landmark ({@code weights/}, plain git, no LFS), the origin
     * of the copy in {@code ../shared}; the pinned URL is the commit the repository's weights were last seen at.
     */
    FD1MB_MOBILENET0_25("1mb-mobilenet0.25", "face-detector-1mb/mobilenet0.25_Final.pth", 1_789_735L,
            "ed6fa7d45a5179f03cb5ce82c73b0c6711372968e53782e88395acee88d319e1",
            "38eda0cbda0bf2c9d5d7746aa670ff59bc059dedbdb6b799d8f50b4186a2d04e",
            "Face-Detector-1MB MobileNet-0.25 (own anchors, 320 px)",
            faceDetector1mb("mobilenet0.25_Final.pth")),

    /** Face-Detector-1MB slim network; committed in the same repository, see {@link #FD1MB_MOBILENET0_25}. */
    FD1MB_SLIM("1mb-slim", "face-detector-1mb/slim_Final.pth", 1_427_150L,
            "76cdb587b2cf5f91b3836b66a652a0f7a91891758cd4fb0b07e4b7527af1c651",
            "cfffd38975747f902bab15b1d5ada720b1a2c4210ef81fd09789fe2052d41477",
            "Face-Detector-1MB slim (4 levels, 320 px)",
            faceDetector1mb("slim_Final.pth")),

    /** Face-Detector-1MB RFB network (file name "RBF" as in the repository); see {@link #FD1MB_MOBILENET0_25}. */
    FD1MB_RFB("1mb-rfb", "face-detector-1mb/RBF_Final.pth", 1_504_452L,
            "b22c45855bff5c4eb84e9973e2ee8a980639aa194ec66f33a87ce712f9d44c28",
            "6a50600f10d0aa6a4c251160e5b0392c2dd1a8814dd28f088583f95154bc1ae4",
            "Face-Detector-1MB RFB (4 levels, 320 px)",
            faceDetector1mb("RBF_Final.pth"));

    private static final String FD1MB_REPO = "biubug6/Face-Detector-1MB-with-landmark";
    private static final String FD1MB_COMMIT = "7f49cebe8c46c0d36debf2f4776dff35dd59a071";

    private final WeightsSpec spec;
    private final String description;

    KnownWeights(String name, String fileName, long sizeBytes, String sha256, String tensorDigest,
                 String description, URI... sources) {
        this.spec = new WeightsSpec(name, fileName, sizeBytes, sha256, tensorDigest, List.of(sources));
        this.description = description;
    }

    /** Size, checksum and download sources of this file. */
    public WeightsSpec spec() {
        return spec;
    }

    /** Short name used on the command line. */
    public String id() {
        return spec.name();
    }

    /** One line for a {@code models} listing. */
    public String description() {
        return description;
    }

    /**
     * The entry called {@code name}: its short name ({@code mobilenet0.25}), file name
     * ({@code mobilenet0.25_Final.pth}, {@code face-detector-1mb/slim_Final.pth}) or constant name, ignoring case.
     */
    public static Optional<KnownWeights> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim();
        return Arrays.stream(values())
                .filter(w -> w.id().equalsIgnoreCase(wanted) || w.spec.fileName().equalsIgnoreCase(wanted)
                        || w.name().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /** Like {@link #find(String)}, but an unknown name is an error that lists the known ones. */
    public static KnownWeights byName(String name) {
        return find(name).orElseThrow(() -> new WeightsException("unknown weights '" + name + "'; known: "
                + Arrays.stream(values()).map(KnownWeights::id).collect(Collectors.joining(", "))));
    }

    private static URI googleDrive(String fileId) {
        // confirm=t skips the "cannot scan for viruses" page Drive shows for large files
        return URI.create("https://drive.usercontent.google.com/download?id=" + fileId + "&export=download&confirm=t");
    }

    private static URI[] faceDetector1mb(String file) {
        return new URI[] {
            URI.create("https://raw.githubusercontent.com/" + FD1MB_REPO + "/master/weights/" + file),
            URI.create("https://raw.githubusercontent.com/" + FD1MB_REPO + "/" + FD1MB_COMMIT + "/weights/" + file),
        };
    }
}
