import { ruleTester } from '../../support/rule-tester';

const HEAD = 'import itertools\nimport torch\nfrom torch import nn\n\nmodel = nn.Linear(4, 2)\n\n';

/** HiFi-GAN's validation: the first five generated clips logged to TensorBoard; `extra` goes in the loop. */
const gallery = (extra: string): string =>
  'import torch\n\n\ndef validate(generator, validation_loader, sw, steps):\n    generator.eval()\n    with torch.no_grad():\n        for i, (x, y) in enumerate(validation_loader):\n            y_g_hat = generator(x)\n' +
  extra +
  "            sw.add_audio('generated/y_hat_{}'.format(i), y_g_hat[0], steps, 22050)\n            if i == 4:\n                break\n    generator.train()\n";

/** felixchenfy's LSTM KWS: `evaluate_model(…, num_to_eval=-1)` breaks when the count equals the bound; `call` is the epoch's call. */
const SENTINEL = (call: string): string =>
  `import torch\n\n\ndef evaluate_model(model, eval_loader, num_to_eval=-1):\n    correct = total = 0\n    with torch.no_grad():\n        for i, (x, y) in enumerate(eval_loader):\n            correct += (model(x).argmax(1) == y).sum().item()\n            total += y.size(0)\n            if i + 1 == num_to_eval:\n                break\n    return correct / total\n\n\nfor epoch in range(100):\n    print(${call})\n`;

/** Noise2Noise's `test(test_loader, show)`: the first `show` images kept in lists; `after` reads them after the loop. */
const denoiser = (after: string): string =>
  `import torch\nfrom torch import nn\nfrom utils import create_montage, psnr\n\n\nclass Denoiser(object):\n    def __init__(self):\n        self.model = nn.Conv2d(3, 3, 3, padding=1)\n\n    def test(self, test_loader, show):\n        self.model.train(False)\n        noisy_imgs = []\n        denoised_imgs = []\n        clean_imgs = []\n        for batch_idx, (source, target) in enumerate(test_loader):\n            if show == 0 or batch_idx >= show:\n                break\n            noisy_imgs.append(source)\n            clean_imgs.append(target)\n            denoised_imgs.append(self.model(source).detach())\n${after}`;
const MONTAGE = 'import matplotlib.pyplot as plt\nimport numpy as np\n\n\ndef psnr(a, b):\n    return 10 * np.log10(1.0 / ((a - b) ** 2).mean().item())\n\n\ndef create_montage(i, noisy, denoised, clean):\n    fig, ax = plt.subplots(1, 3)\n    ax[1].set_title("Denoised: {:.2f} dB".format(psnr(denoised, clean)))\n    fig.savefig("{}-montage.png".format(i))\n';

/** crnn.pytorch's `val()`: batches drawn with `next()` from an iterator over the validation loader. */
const CRNN_VAL = (count: string): string => `import torch\nfrom torch.utils.data import DataLoader\n\nval_loader = DataLoader(val_set, batch_size=16, shuffle=False)\n\n\ndef val(net, criterion, max_iter=100):\n    net.eval()\n    val_iter = iter(val_loader)\n    loss_avg = 0.0\n    COUNT\n    with torch.no_grad():\n        for i in range(max_iter):\n            images, labels = next(val_iter)\n            loss_avg += criterion(net(images), labels).item()\n    return loss_avg / max_iter\n`.replace('COUNT', count);

ruleTester('NR203', {
  valid: [
    { name: 'hard negative: the average reported', code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, val_loss))\n    logger.log_validation(val_loss, model, y, y_pred, iteration)\n" },
    { name: 'hard negative: the total returned, the last value logged as well', code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    return val_loss\n    print(\"Validation loss {}: {:9f}\".format(iteration, reduced_val_loss))\n    logger.log_validation(reduced_val_loss, model, y, y_pred, iteration)\n" },
    { name: 'hard negative: a return on something else than a batch count (a NaN check)', code: 'import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 2))\nmodel.load_state_dict(torch.load("model.pt"))\nval_loader = DataLoader(TensorDataset(torch.randn(640, 10), torch.randint(0, 2, (640,))), batch_size=32)\n\n\ndef evaluate(model, data_loader, neval_batches):\n    model.eval()\n    correct = 0\n    cnt = 0\n    with torch.no_grad():\n        for x, y in data_loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n            cnt += 1\n            if torch.isnan(model(x)).any():\n                return None\n    return correct\n\n\nprint(evaluate(model, val_loader, neval_batches=5))\n' },
    { name: "a calibration loop that feeds a few batches to a quantized model's observers and keeps nothing (optimum; review 126)", code: 'import torch\n\n\ndef model_calibration(q_model, dataloader, iterations=1):\n    with torch.no_grad():\n        for idx, (images, labels) in enumerate(dataloader):\n            q_model(images)\n            if idx >= iterations - 1:\n                break\n' },
    { name: 'hard negative: as many batches drawn with next() as the loader has', code: CRNN_VAL('max_iter = len(val_loader)') },
    { name: 'a count compared for equality with a bound of -1, "no limit", the only value any caller passes (review 117)', code: SENTINEL('evaluate_model(model, eval_loader, num_to_eval=-1)') },
    {
      name: 'a loop over the first test pairs that only shows them through a plotting function of the file (`imshow(make_grid(…), text)`, a siamese network)',
      code: "import torch\nimport torchvision\nimport matplotlib.pyplot as plt\nimport numpy as np\nfrom torch.utils.data import DataLoader\nfrom models import SiameseNet, ContrastiveLoss\nfrom dataset import GetDataset\n\n\ndef imshow(img, text=None):\n    plt.axis(\"off\")\n    if text:\n        plt.text(75, 8, text)\n    plt.imshow(np.transpose(img.numpy(), (1, 2, 0)))\n    plt.show()\n\n\ndef main():\n    torch.manual_seed(0)\n    model = SiameseNet()\n    criterion = ContrastiveLoss()\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    train_loader = DataLoader(GetDataset(\"train\"), batch_size=64, shuffle=True)\n    for epoch in range(10):\n        for a, b, label in train_loader:\n            optimizer.zero_grad()\n            f_a, f_b = model(a, b)\n            loss = criterion(f_a, f_b, label)\n            loss.backward()\n            optimizer.step()\n\n    # Visualize the model on 20 test pairs\n    model.eval()\n    test_loader = DataLoader(GetDataset(\"test\"), batch_size=1)\n    for i, data in enumerate(test_loader, 0):\n        A, B = data[0], data[1]\n        output1, output2 = model(A, B)\n        distance = torch.nn.functional.pairwise_distance(output1, output2)\n        concatenated = torch.cat((A, B), 0)\n        imshow(torchvision.utils.make_grid(concatenated), 'Dissimilarity: {:.2f}'.format(distance.item()))\n        if i == 20:\n            break\n\n\nif __name__ == '__main__':\n    main()\n",
    },
    {
      name: "a limit behind a switch off by default (`if limit and total >= n:`, `limit=False`), turned on only for training statistics (Social GAN)",
      code: "import torch\nimport torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntorch.manual_seed(0)\n\n\ndef check_accuracy(args, loader, model, limit=False):\n    total, err = 0, 0.0\n    model.eval()\n    with torch.no_grad():\n        for x, y in loader:\n            err += (model(x) - y).pow(2).sum().item()\n            total += x.size(0)\n            if limit and total >= args.num_samples_check:\n                break\n    model.train()\n    return err / total\n\n\ndef main(args, train_loader, val_loader):\n    for epoch in range(args.num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = (model(x) - y).pow(2).mean()\n            loss.backward()\n            optimizer.step()\n        metrics_val = check_accuracy(args, val_loader, model)\n        metrics_train = check_accuracy(args, train_loader, model, limit=True)\n        print(metrics_val, metrics_train)\n",
    },
    {
      name: "a loop that keeps the first images only for montages a function of the project saves after it (Noise2Noise's show)",
      code: denoiser('        noisy_imgs = [t.squeeze(0) for t in noisy_imgs]\n        for i in range(len(noisy_imgs)):\n            create_montage(i, noisy_imgs[i], denoised_imgs[i], clean_imgs[i])\n'),
      files: { 'utils.py': MONTAGE },
    },
    {
      name: 'the same, with the montage function imported from a file that is not there: its name says it makes a picture',
      code: denoiser('        for i in range(len(noisy_imgs)):\n            create_montage(i, noisy_imgs[i], denoised_imgs[i], clean_imgs[i])\n'),
    },
    {
      name: 'the limit read from a Hydra config (diffusion_policy\'s `cfg.training.max_val_steps`, null in its YAML, set only under `if cfg.training.debug:`; review 144)',
      code: HEAD + 'import hydra\n\n\n@hydra.main(config_path="config", config_name="train")\ndef main(cfg):\n    if cfg.training.debug:\n        cfg.training.max_val_steps = 3\n    with torch.no_grad():\n        for i, (x, y) in enumerate(val_loader):\n            losses.append(model(x))\n            if (cfg.training.max_val_steps is not None) and i >= (cfg.training.max_val_steps - 1):\n                break\n',
    },
    {
      name: 'the limit a command-line option without a default (`default=None`)',
      code: HEAD + 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--max_val_steps", type=int, default=None)\nargs = parser.parse_args()\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (args.max_val_steps is not None) and i >= (args.max_val_steps - 1):\n            break\n',
    },
    {
      name: "a limit computed from a setting that is None (diffusion_policy: `max_val_steps is not None and i >= (max_val_steps - 1)`)",
      code: HEAD + 'max_val_steps = None\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (max_val_steps is not None) and i >= (max_val_steps - 1):\n            break\n',
    },
    { name: 'a validation loop that only logs the first generated clips (HiFi-GAN) and measures nothing', code: gallery('') },
    {
      name: 'reference clips collected from the test loader to listen to later (MelGAN), with a count of the clips',
      code: 'from torch.utils.data import DataLoader\n\ntest_loader = DataLoader(test_set, batch_size=1)\ntest_voc = []\nn = 0\nfor i, x_t in enumerate(test_loader):\n    test_voc.append(fft(x_t).detach())\n    writer.add_audio("original/sample_%d.wav" % i, x_t.squeeze(), 0)\n    n += 1\n    if i == 7:\n        break\n',
    },
    {
      name: 'hard negative: an index check that does not stop the loop',
      code: HEAD + '@torch.no_grad()\ndef evaluate(model, val_loader):\n    for i, (x, y) in enumerate(val_loader):\n        if i == 0:\n            show_batch(x)\n        acc = (model(x).argmax(1) == y).float().mean()\n',
    },
    { name: 'hard negative: islice over the training loader (under no_grad)', code: HEAD + 'with torch.no_grad():\n    for x, y in itertools.islice(train_loader, 3):\n        show_batch(model(x))\n' },
    { name: 'a break on the last batch is a full pass', code: HEAD + 'with torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        loss = nn.functional.cross_entropy(model(x), y)\n        if i == len(val_loader) - 1:\n            break\n' },
    {
      name: 'hard negative: early stopping breaks the epoch loop, not an evaluation loop',
      code: HEAD + 'bad = 0\nfor epoch in range(100):\n    val_loss = evaluate(model, val_loader)\n    bad += 1\n    if bad > 10:\n        break\n',
    },
    { name: 'a break on a flag (dry run), not a batch count', code: HEAD + 'def test(model, test_loader, args):\n    for x, y in test_loader:\n        out = model(x)\n        if args.dry_run:\n            break\n' },
    { name: 'random batches from get_batch (nanoGPT estimate_loss) are not a loader loop', code: HEAD + '@torch.no_grad()\ndef estimate_loss():\n    for k in range(200):\n        X, Y = get_batch("val")\n        losses[k] = model(X, Y)\n' },
    {
      name: 'hard negative: a step limit in a training loop',
      code: HEAD + 'opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor i, (x, y) in enumerate(train_loader):\n    if i >= 100:\n        break\n    opt.zero_grad()\n    nn.functional.cross_entropy(model(x), y).backward()\n    opt.step()\n',
    },
    { name: 'a break after the full pass belongs to the outer while loop', code: HEAD + 'while True:\n    for x, y in val_loader:\n        out = model(x)\n    break\n' },
    {
      name: 'hard negative: a batch limit no caller sets (None by default)',
      code: HEAD + 'def evaluate(model, loader, max_batches=None):\n    with torch.no_grad():\n        for i, (x, y) in enumerate(loader):\n            if max_batches is not None and i >= max_batches:\n                break\n            out = model(x)\n\nevaluate(model, val_loader)\nevaluate(model, test_loader, max_batches=None)\n',
    },
    {
      name: 'a smoke-test limit, None by default and otherwise set from the config (Hydra: limit_val_batches: null)',
      code: HEAD + 'def evaluate(model, loader, limit_batches=None):\n    model.eval()\n    for i, (x, y) in enumerate(loader):\n        if limit_batches is not None and i >= limit_batches:\n            break\n        out = model(x)\n\nevaluate(model, val_loader, limit_batches=cfg.training.limit_val_batches)\n',
    },
    {
      name: 'the same smoke-test limit in a module whose callers are in other files',
      code: HEAD + 'def evaluate(model, loader, limit_batches: int | None = None):\n    model.eval()\n    for i, (x, y) in enumerate(loader):\n        if limit_batches is not None and i >= limit_batches:\n            break\n        out = model(x)\n',
    },
    {
      name: 'a budget of sampled tasks that goes over the loader as often as it takes (MAML: while n < max: for batch in loader)',
      code: HEAD + 'def evaluate_iter(model, dataloader, max_batches=500):\n    num_batches = 0\n    model.eval()\n    while num_batches < max_batches:\n        for batch in dataloader:\n            if num_batches >= max_batches:\n                break\n            yield model(batch)\n            num_batches += 1\n',
    },
    { name: 'a limit bound to len() of the data', code: HEAD + 'n_val = len(val_loader)\nfor x, y in itertools.islice(val_loader, n_val):\n    out = model(x)\n' },
  ],
  invalid: [
    {
      name: "the average over the set computed after the loop and thrown away, the last batch's loss printed and logged (Tacotron 2's validate; review 151)",
      code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, reduced_val_loss))\n    logger.log_validation(reduced_val_loss, model, y, y_pred, iteration)\n",
      errors: [{ line: 18, text: 'reduced_val_loss', message: "`reduced_val_loss` holds the last batch's value only" }],
      output: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n        val_loss = val_loss / (i + 1)\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, val_loss))\n    logger.log_validation(val_loss, model, y, y_pred, iteration)\n",
    },
    {
      name: 'the same without the average after the loop: reported, with no fix (the total is a sum)',
      code: "import torch\nfrom torch.utils.data import DataLoader\n\n\ndef validate(model, criterion, valset, iteration, logger):\n    model.eval()\n    with torch.no_grad():\n        val_loader = DataLoader(valset, shuffle=False, batch_size=32)\n        val_loss = 0.0\n        for i, batch in enumerate(val_loader):\n            x, y = model.parse_batch(batch)\n            y_pred = model(x)\n            loss = criterion(y_pred, y)\n            reduced_val_loss = loss.item()\n            val_loss += reduced_val_loss\n    model.train()\n    print(\"Validation loss {}: {:9f}\".format(iteration, reduced_val_loss))\n    logger.log_validation(reduced_val_loss, model, y, y_pred, iteration)\n",
      errors: [{ line: 17, text: 'reduced_val_loss', message: 'divided by the number of batches' }],
    },
    {
      name: 'an evaluation that returns after a fixed number of batches (`if cnt >= neval_batches: return correct`; review 146)',
      code: 'import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader, TensorDataset\n\ntorch.manual_seed(0)\nmodel = nn.Sequential(nn.Linear(10, 2))\nmodel.load_state_dict(torch.load("model.pt"))\nval_loader = DataLoader(TensorDataset(torch.randn(640, 10), torch.randint(0, 2, (640,))), batch_size=32)\n\n\ndef evaluate(model, data_loader, neval_batches):\n    model.eval()\n    correct = 0\n    cnt = 0\n    with torch.no_grad():\n        for x, y in data_loader:\n            correct += (model(x).argmax(1) == y).sum().item()\n            cnt += 1\n            if cnt >= neval_batches:\n                return correct\n    return correct\n\n\nprint(evaluate(model, val_loader, neval_batches=5))\n',
      errors: [{ text: 'cnt >= neval_batches' }],
    },
    {
      name: 'hard negative: the same loop scoring the batches',
      code: 'import torch\n\n\ndef model_calibration(q_model, dataloader, iterations=1):\n    with torch.no_grad():\n        for idx, (images, labels) in enumerate(dataloader):\n            correct += (q_model(images).argmax(1) == labels).sum().item()\n            if idx >= iterations - 1:\n                break\n',
      errors: [{ line: 8, text: 'idx >= iterations - 1' }],
      output: 'import torch\n\n\ndef model_calibration(q_model, dataloader, iterations=1):\n    with torch.no_grad():\n        for idx, (images, labels) in enumerate(dataloader):\n            correct += (q_model(images).argmax(1) == labels).sum().item()\n',
    },
    {
      name: 'the loader built in val() from the dataset it is handed (Attention_ocr.pytorch)',
      code: 'import torch\n\n\ndef val(net, dataset, criterion, max_iter=100):\n    net.eval()\n    data_loader = torch.utils.data.DataLoader(dataset, shuffle=True, batch_size=64)\n    val_iter = iter(data_loader)\n    max_iter = min(max_iter, len(data_loader))\n    for i in range(max_iter):\n        images, labels = val_iter.next()\n        cost = criterion(net(images), labels)\n',
      errors: [{ line: 9, text: 'range(max_iter)', message: '`data_loader` draws only `min(max_iter, len(data_loader))` of its batches' }],
    },
    {
      name: "the same with the iterator's own val_iter.next() (older PyTorch)",
      code: CRNN_VAL('max_iter = min(max_iter, len(val_loader))').replace('next(val_iter)', 'val_iter.next()'),
      errors: [{ line: 13, text: 'range(max_iter)' }],
    },
    {
      name: "crnn.pytorch's val(): range(min(max_iter, len(val_loader))) batches drawn with next(), max_iter=100 (review 121)",
      code: CRNN_VAL('max_iter = min(max_iter, len(val_loader))'),
      errors: [{ line: 13, text: 'range(max_iter)', message: 'draws only `min(max_iter, len(val_loader))` of its batches' }],
    },
    {
      name: 'hard negative: the same evaluation called with a positive bound',
      code: SENTINEL('evaluate_model(model, eval_loader, num_to_eval=5)'),
      errors: [{ line: 10, text: 'i + 1 == num_to_eval' }],
      output: SENTINEL('evaluate_model(model, eval_loader, num_to_eval=5)').replace('            if i + 1 == num_to_eval:\n                break\n', ''),
    },
    {
      name: 'hard negative: the same loop also sums the distance into a total',
      code: "import torch\nimport torchvision\nimport matplotlib.pyplot as plt\nimport numpy as np\nfrom torch.utils.data import DataLoader\nfrom models import SiameseNet, ContrastiveLoss\nfrom dataset import GetDataset\n\n\ndef imshow(img, text=None):\n    plt.axis(\"off\")\n    if text:\n        plt.text(75, 8, text)\n    plt.imshow(np.transpose(img.numpy(), (1, 2, 0)))\n    plt.show()\n\n\ndef main():\n    torch.manual_seed(0)\n    model = SiameseNet()\n    criterion = ContrastiveLoss()\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    train_loader = DataLoader(GetDataset(\"train\"), batch_size=64, shuffle=True)\n    for epoch in range(10):\n        for a, b, label in train_loader:\n            optimizer.zero_grad()\n            f_a, f_b = model(a, b)\n            loss = criterion(f_a, f_b, label)\n            loss.backward()\n            optimizer.step()\n\n    # Visualize the model on 20 test pairs\n    model.eval()\n    test_loader = DataLoader(GetDataset(\"test\"), batch_size=1)\n    for i, data in enumerate(test_loader, 0):\n        A, B = data[0], data[1]\n        output1, output2 = model(A, B)\n        distance = torch.nn.functional.pairwise_distance(output1, output2)\n        total += distance.item()\n        concatenated = torch.cat((A, B), 0)\n        imshow(torchvision.utils.make_grid(concatenated), 'Dissimilarity: {:.2f}'.format(distance.item()))\n        if i == 20:\n            break\n\n\nif __name__ == '__main__':\n    main()\n",
      errors: [{ line: 42, text: 'i == 20' }],
      output: "import torch\nimport torchvision\nimport matplotlib.pyplot as plt\nimport numpy as np\nfrom torch.utils.data import DataLoader\nfrom models import SiameseNet, ContrastiveLoss\nfrom dataset import GetDataset\n\n\ndef imshow(img, text=None):\n    plt.axis(\"off\")\n    if text:\n        plt.text(75, 8, text)\n    plt.imshow(np.transpose(img.numpy(), (1, 2, 0)))\n    plt.show()\n\n\ndef main():\n    torch.manual_seed(0)\n    model = SiameseNet()\n    criterion = ContrastiveLoss()\n    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\n    train_loader = DataLoader(GetDataset(\"train\"), batch_size=64, shuffle=True)\n    for epoch in range(10):\n        for a, b, label in train_loader:\n            optimizer.zero_grad()\n            f_a, f_b = model(a, b)\n            loss = criterion(f_a, f_b, label)\n            loss.backward()\n            optimizer.step()\n\n    # Visualize the model on 20 test pairs\n    model.eval()\n    test_loader = DataLoader(GetDataset(\"test\"), batch_size=1)\n    for i, data in enumerate(test_loader, 0):\n        A, B = data[0], data[1]\n        output1, output2 = model(A, B)\n        distance = torch.nn.functional.pairwise_distance(output1, output2)\n        total += distance.item()\n        concatenated = torch.cat((A, B), 0)\n        imshow(torchvision.utils.make_grid(concatenated), 'Dissimilarity: {:.2f}'.format(distance.item()))\n\n\nif __name__ == '__main__':\n    main()\n",
    },
    {
      name: 'hard negative: the same switch turned on for the validation loader',
      code: "import torch\nimport torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntorch.manual_seed(0)\n\n\ndef check_accuracy(args, loader, model, limit=False):\n    total, err = 0, 0.0\n    model.eval()\n    with torch.no_grad():\n        for x, y in loader:\n            err += (model(x) - y).pow(2).sum().item()\n            total += x.size(0)\n            if limit and total >= args.num_samples_check:\n                break\n    model.train()\n    return err / total\n\n\ndef main(args, train_loader, val_loader):\n    for epoch in range(args.num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = (model(x) - y).pow(2).mean()\n            loss.backward()\n            optimizer.step()\n        metrics_val = check_accuracy(args, val_loader, model, limit=True)\n        metrics_train = check_accuracy(args, train_loader, model, limit=True)\n        print(metrics_val, metrics_train)\n",
      errors: [{ line: 16, text: 'total >= args.num_samples_check' }],
      output: "import torch\nimport torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))\noptimizer = torch.optim.Adam(model.parameters(), lr=3e-4)\ntorch.manual_seed(0)\n\n\ndef check_accuracy(args, loader, model, limit=False):\n    total, err = 0, 0.0\n    model.eval()\n    with torch.no_grad():\n        for x, y in loader:\n            err += (model(x) - y).pow(2).sum().item()\n            total += x.size(0)\n    model.train()\n    return err / total\n\n\ndef main(args, train_loader, val_loader):\n    for epoch in range(args.num_epochs):\n        for x, y in train_loader:\n            optimizer.zero_grad()\n            loss = (model(x) - y).pow(2).mean()\n            loss.backward()\n            optimizer.step()\n        metrics_val = check_accuracy(args, val_loader, model, limit=True)\n        metrics_train = check_accuracy(args, train_loader, model, limit=True)\n        print(metrics_val, metrics_train)\n",
    },
    {
      name: 'hard negative: the same kept images also averaged into a metric after the loop',
      code: denoiser('        for i in range(len(noisy_imgs)):\n            create_montage(i, noisy_imgs[i], denoised_imgs[i], clean_imgs[i])\n        return sum(psnr(d, c) for d, c in zip(denoised_imgs, clean_imgs)) / len(clean_imgs)\n'),
      files: { 'utils.py': MONTAGE },
      errors: [{ text: 'batch_idx >= show' }],
      output: denoiser('        for i in range(len(noisy_imgs)):\n            create_montage(i, noisy_imgs[i], denoised_imgs[i], clean_imgs[i])\n        return sum(psnr(d, c) for d, c in zip(denoised_imgs, clean_imgs)) / len(clean_imgs)\n').replace('            if show == 0 or batch_idx >= show:\n                break\n', ''),
    },
    {
      name: 'hard negative: the same guard on a command-line option with a number for its default',
      code: HEAD + 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--max_val_steps", type=int, default=3)\nargs = parser.parse_args()\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (args.max_val_steps is not None) and i >= (args.max_val_steps - 1):\n            break\n',
      errors: [{ text: 'i >= (args.max_val_steps - 1)' }],
      output: HEAD + 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--max_val_steps", type=int, default=3)\nargs = parser.parse_args()\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n',
    },
    {
      name: 'hard negative: the guard is on another setting than the limit',
      code: HEAD + 'with torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (cfg.max_val_steps is not None) and i >= (cfg.eval_batches - 1):\n            break\n',
      errors: [{ text: 'i >= (cfg.eval_batches - 1)' }],
      output: HEAD + 'with torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n',
    },
    {
      name: 'hard negative: `is None` guards no optional limit',
      code: HEAD + 'with torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (cfg.max_val_steps is None) and i >= (cfg.max_val_steps - 1):\n            break\n',
      errors: [{ text: 'i >= (cfg.max_val_steps - 1)' }],
      output: HEAD + 'with torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n',
    },
    {
      name: 'hard negative: the same limit computed from a setting that is a number',
      code: HEAD + 'max_val_steps = 20\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n        if (max_val_steps is not None) and i >= (max_val_steps - 1):\n            break\n',
      errors: [{ text: 'i >= (max_val_steps - 1)' }],
      output: HEAD + 'max_val_steps = 20\nwith torch.no_grad():\n    for i, (x, y) in enumerate(val_loader):\n        losses.append(model(x))\n',
    },
    {
      name: 'hard negative: the gallery loop also sums a loss (upstream HiFi-GAN: val_err_tot += F.l1_loss(…))',
      code: gallery('            val_err_tot += torch.nn.functional.l1_loss(y, y_g_hat).item()\n'),
      errors: [{ text: 'i == 4' }],
      output: gallery('            val_err_tot += torch.nn.functional.l1_loss(y, y_g_hat).item()\n').replace('            if i == 4:\n                break\n', ''),
    },
    {
      name: 'hard negative: the gallery loop also logs a scalar',
      code: gallery("            sw.add_scalar('val/mel', mel_distance(y, y_g_hat), steps)\n"),
      errors: [{ text: 'i == 4' }],
      output: gallery("            sw.add_scalar('val/mel', mel_distance(y, y_g_hat), steps)\n").replace('            if i == 4:\n                break\n', ''),
    },
    {
      name: 'hard negative: a limited loop that logs nothing to look at (predictions kept for a metric after the loop)',
      code: gallery('            preds.append(y_g_hat)\n').replace("            sw.add_audio('generated/y_hat_{}'.format(i), y_g_hat[0], steps, 22050)\n", ''),
      errors: [{ text: 'i == 4' }],
      output: gallery('            preds.append(y_g_hat)\n').replace("            sw.add_audio('generated/y_hat_{}'.format(i), y_g_hat[0], steps, 22050)\n", '').replace('            if i == 4:\n                break\n', ''),
    },
    {
      name: 'a batch limit that one caller sets',
      code: HEAD + 'def evaluate(model, loader, max_batches=None):\n    with torch.no_grad():\n        for i, (x, y) in enumerate(loader):\n            if max_batches is not None and i >= max_batches:\n                break\n            out = model(x)\n\nevaluate(model, val_loader)\nevaluate(model, val_loader, max_batches=5)\n',
      errors: [{ text: 'i >= max_batches' }],
      output: HEAD + 'def evaluate(model, loader, max_batches=None):\n    with torch.no_grad():\n        for i, (x, y) in enumerate(loader):\n            out = model(x)\n\nevaluate(model, val_loader)\nevaluate(model, val_loader, max_batches=5)\n',
    },
    {
      name: 'a limit with a number by default, also set from the config',
      code: HEAD + 'def evaluate(model, loader, max_batches=10):\n    model.eval()\n    for i, (x, y) in enumerate(loader):\n        if i >= max_batches:\n            break\n        out = model(x)\n\nevaluate(model, val_loader, max_batches=cfg.eval_batches)\n',
      errors: [{ text: 'i >= max_batches' }],
      output: HEAD + 'def evaluate(model, loader, max_batches=10):\n    model.eval()\n    for i, (x, y) in enumerate(loader):\n        out = model(x)\n\nevaluate(model, val_loader, max_batches=cfg.eval_batches)\n',
    },
    {
      name: 'hard negative: a while loop around the evaluation whose test is not the batch counter',
      code: HEAD + 'def evaluate(model, loader):\n    model.eval()\n    running = True\n    while running:\n        for i, (x, y) in enumerate(loader):\n            if i >= 10:\n                break\n            out = model(x)\n        running = False\n',
      errors: [{ text: 'i >= 10' }],
      output: HEAD + 'def evaluate(model, loader):\n    model.eval()\n    running = True\n    while running:\n        for i, (x, y) in enumerate(loader):\n            out = model(x)\n        running = False\n',
    },
    {
      name: 'break on the enumerate index in an evaluation function',
      code: HEAD + '@torch.no_grad()\ndef evaluate(model, val_loader):\n    correct = 0\n    for i, (x, y) in enumerate(val_loader):\n        if i >= 10:\n            break\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n',
      errors: [{ text: 'i >= 10', line: 11, message: 'stops after a fixed number of batches' }],
      output: HEAD + '@torch.no_grad()\ndef evaluate(model, val_loader):\n    correct = 0\n    for i, (x, y) in enumerate(val_loader):\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n',
    },
    {
      name: 'islice over the validation loader',
      code: HEAD + 'model.eval()\nfor x, y in itertools.islice(val_loader, 5):\n    out = model(x)\n',
      errors: [{ text: 'itertools.islice(val_loader, 5)' }],
      output: HEAD + 'model.eval()\nfor x, y in val_loader:\n    out = model(x)\n',
    },
    {
      name: 'a counter the loop increments, compared with a setting',
      code: HEAD + 'def validate(model, loader, args):\n    seen = 0\n    with torch.no_grad():\n        for x, y in loader:\n            out = model(x)\n            seen += 1\n            if seen == args.max_eval_batches:\n                break\n',
      errors: [{ text: 'seen == args.max_eval_batches' }],
      output: HEAD + 'def validate(model, loader, args):\n    seen = 0\n    with torch.no_grad():\n        for x, y in loader:\n            out = model(x)\n            seen += 1\n',
    },
    {
      name: 'zip(range(n), test_loader)',
      code: HEAD + 'for i, (x, y) in zip(range(20), test_loader):\n    out = model(x)\n',
      errors: [{ text: 'zip(range(20), test_loader)' }],
      output: HEAD + 'for i, (x, y) in enumerate(test_loader):\n    out = model(x)\n',
    },
    {
      name: 'a reversed comparison combined with another condition; no fix when the if does more',
      code: HEAD + 'def evaluate(model, data_loader, limit):\n    for step, batch in enumerate(data_loader):\n        if limit <= step and limit > 0:\n            print("stopping")\n            break\n        out = model(batch)\n',
      errors: [{ text: 'limit <= step' }],
    },
  ],
});
