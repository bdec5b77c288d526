"""Data loaders for the example."""
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


def make_loaders(root: str, batch_size: int = 64):
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST(root, train=True, download=False, transform=tf)
    val_set = datasets.MNIST(root, train=False, download=False, transform=tf)
    train_loader = DataLoader(train_set, batch_size=batch_size, num_workers=2)
    val_loader = DataLoader(val_set, batch_size=256)
    return train_loader, val_loader
